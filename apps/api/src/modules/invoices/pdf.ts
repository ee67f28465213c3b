import { type Currency, formatMoney, type Invoice, type Statement } from '@portals/domain';

/**
 * pdfkit and its fonts' metrics take about 20 MB of memory once loaded: loaded with the first PDF a
 * process renders, not at start (most processes never render one).
 */
const importPdfKit = async () => (await import('pdfkit')).default;
let pdfKit: ReturnType<typeof importPdfKit> | undefined;
const loadPdfKit = () => (pdfKit ??= importPdfKit());

/** "20 %", "8.1 %": a rate in basis points as people read it. */
export const formatTaxRate = (basisPoints: number): string =>
  `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')} %`;

/** What Helvetica without embedding can print (WinAnsi): Latin-1 and the euro sign. */
const printable = /^[\u0020-\u007e\u00a0-\u00ff€]*$/;

const page = { margin: 50, width: 595.28 };
const right = page.width - page.margin;

/**
 * An issued (or void) invoice as a PDF: the document as it was issued, so the same invoice gives the
 * same bytes at every download. Payments made since are not printed (they would change the document);
 * the portal shows them. The standard Helvetica font is not embedded and the dates in the document's
 * information are the issue date, so nothing varies from one rendering to the next.
 */
export const renderInvoicePdf = async (invoice: Invoice, issuer: readonly string[]): Promise<Buffer> => {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const issued = new Date(`${invoice.issueDate ?? '1970-01-01'}T00:00:00Z`);
    const title = `Invoice ${invoice.number ?? ''}`.trim();
    const document = new PDFDocument({
      size: 'A4',
      margin: page.margin,
      info: { Title: title, Author: issuer[0] ?? '', CreationDate: issued, ModDate: issued },
      lang: 'en',
      displayTitle: true,
      tagged: false,
    });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);

    const money = (amount: number) => {
      const text = formatMoney(amount, invoice.currency as Currency);
      // The standard fonts hold Latin-1 and the euro sign: another symbol (₹, ₩) prints as its code.
      return printable.test(text) ? text : formatMoney(amount, invoice.currency as Currency, 'en', 'code');
    };
    const [issuerName, ...issuerAddress] = issuer;

    document
      .font('Helvetica-Bold')
      .fontSize(16)
      .text(issuerName ?? '', page.margin, page.margin);
    document.font('Helvetica').fontSize(9);
    for (const line of issuerAddress) document.text(line);

    document.font('Helvetica-Bold').fontSize(20).text(title, page.margin, page.margin, { align: 'right' });
    document.font('Helvetica').fontSize(9);
    document.text(`Issued ${invoice.issueDate ?? ''}`, { align: 'right' });
    document.text(`Due ${invoice.dueDate ?? ''}`, { align: 'right' });
    document.text(`Currency ${invoice.currency}`, { align: 'right' });

    document.moveDown(3);
    document.font('Helvetica-Bold').fontSize(10).text('Bill to', page.margin);
    document.font('Helvetica').text(invoice.billToName ?? invoice.organization.name);
    if (invoice.documentStatus === 'void') {
      document.moveDown();
      document
        .font('Helvetica-Bold')
        .fillColor('#a40000')
        .text(`VOID: ${invoice.voidReason ?? ''}`)
        .fillColor('black');
    }

    // The lines.
    const columns = { description: page.margin, quantity: 300, unitPrice: 340, rate: 425, net: 475 };
    const row = (cells: {
      description: string;
      quantity: string;
      unitPrice: string;
      rate: string;
      net: string;
    }) => {
      const top = document.y;
      document.text(cells.description, columns.description, top, { width: 240 });
      const bottom = document.y;
      document.text(cells.quantity, columns.quantity, top, { width: 35, align: 'right' });
      document.text(cells.unitPrice, columns.unitPrice, top, { width: 80, align: 'right' });
      document.text(cells.rate, columns.rate, top, { width: 45, align: 'right' });
      document.text(cells.net, columns.net, top, { width: right - columns.net, align: 'right' });
      document.x = page.margin;
      document.y = Math.max(bottom, document.y) + 4;
    };
    document.moveDown(2);
    document.font('Helvetica-Bold').fontSize(9);
    row({ description: 'Description', quantity: 'Qty', unitPrice: 'Unit price', rate: 'Tax', net: 'Amount' });
    document.moveTo(page.margin, document.y).lineTo(right, document.y).stroke();
    document.y += 4;
    document.font('Helvetica');
    for (const line of invoice.lines) {
      row({
        description: line.description,
        quantity: String(line.quantity),
        unitPrice: money(line.unitPriceMinor),
        rate: formatTaxRate(line.taxRateBasisPoints),
        net: money(line.netMinor),
      });
    }
    document.moveTo(page.margin, document.y).lineTo(right, document.y).stroke();
    document.y += 8;

    // The totals: subtotal, the tax of each rate on its base, the total.
    const total = (label: string, amount: string, bold = false) => {
      const top = document.y;
      document.font(bold ? 'Helvetica-Bold' : 'Helvetica');
      document.text(label, 300, top, { width: 170, align: 'right' });
      document.text(amount, columns.net, top, { width: right - columns.net, align: 'right' });
      document.x = page.margin;
      document.y += 2;
    };
    total('Subtotal', money(invoice.subtotalMinor));
    for (const tax of invoice.taxLines) {
      total(
        `Tax ${formatTaxRate(tax.rateBasisPoints)} on ${money(tax.taxableBaseMinor)}`,
        money(tax.taxMinor),
      );
    }
    total('Total', money(invoice.totalMinor), true);

    document.moveDown(2);
    document
      .font('Helvetica')
      .fontSize(8)
      .text(
        'Tax is computed on each line and rounded half to even to the minor unit; the totals are the sums of the lines.',
        page.margin,
      );
    document.end();
  });
};

const statementKindLabels = {
  invoice: 'Invoice',
  payment: 'Payment',
  credit_note: 'Credit note',
  refund: 'Refund',
};
const agingLabels = {
  current: 'Not yet due',
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

/** What `textRow` reads of pdfkit's current standard font (pdfkit 0.20's own fields). */
interface StandardFontInternals {
  id: string;
  ascender: number;
  ref(): unknown;
  font: {
    encodeText(text: string): string[];
    characterToGlyph(code: number): string;
    widthOfGlyph(glyph: string): number;
  };
}

const glyphWidths = new Map<string, number>();

/** A standard font's width of `text` in thousandths of the font size, without kerning (cached per character). */
const widthOf = (font: StandardFontInternals, text: string): number => {
  let width = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const key = `${font.id}:${code}`;
    let glyph = glyphWidths.get(key);
    if (glyph === undefined) {
      glyph = font.font.widthOfGlyph(font.font.characterToGlyph(code));
      glyphWidths.set(key, glyph);
    }
    width += glyph;
  }
  return width;
};

/**
 * One line of cells at `y`, each left or right aligned in its column and cut to fit, written as one text
 * object in the current (standard) font and size. pdfkit's `text()` lays out, wraps and kerns each call,
 * which over a statement's ten thousand rows took seconds; these cells need none of it.
 */
const textRow = (
  document: PDFKit.PDFDocument,
  y: number,
  cells: { text: string; x: number; width: number; right?: boolean }[],
) => {
  const internals = document as unknown as {
    _font: StandardFontInternals;
    _fontSize: number;
    page: { height: number; fonts: Record<string, unknown> };
  };
  const font = internals._font;
  const size = internals._fontSize;
  internals.page.fonts[font.id] ??= font.ref();
  const height = internals.page.height;
  const baseline = height - y - (font.ascender / 1000) * size;
  document.save();
  document.transform(1, 0, 0, -1, 0, height);
  document.addContent('BT');
  document.addContent(`/${font.id} ${size} Tf`);
  for (const cell of cells) {
    if (cell.text === '') continue;
    let text = cell.text;
    while (text.length > 1 && (widthOf(font, text) / 1000) * size > cell.width) text = text.slice(0, -1);
    const x = cell.right ? cell.x + cell.width - (widthOf(font, text) / 1000) * size : cell.x;
    document.addContent(`1 0 0 1 ${x.toFixed(3)} ${baseline.toFixed(3)} Tm`);
    document.addContent(`<${font.font.encodeText(text).join('')}> Tj`);
  }
  document.addContent('ET');
  document.restore();
};

/**
 * An account statement as a PDF, from the statement as it was generated: the same bytes every time.
 * Rows run over as many pages as they need, the column heads repeated on each.
 */
export const renderStatementPdf = async (
  statement: Statement,
  issuer: readonly string[],
): Promise<Buffer> => {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const generated = new Date(statement.generatedAt);
    const title = `Account statement ${statement.from} to ${statement.to}`;
    const document = new PDFDocument({
      size: 'A4',
      margin: page.margin,
      info: { Title: title, Author: issuer[0] ?? '', CreationDate: generated, ModDate: generated },
      lang: 'en',
      displayTitle: true,
      autoFirstPage: true,
    });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);

    const currency = statement.currency as Currency;
    const money = (amount: number) => {
      const text = formatMoney(amount, currency);
      return printable.test(text) ? text : formatMoney(amount, currency, 'en', 'code');
    };
    const bottom = document.page.height - page.margin;
    const columns = { date: page.margin, kind: 115, reference: 200, debit: 305, credit: 385, balance: 465 };
    const row = (cells: string[], bold = false) => {
      if (document.y + 14 > bottom) {
        document.addPage();
        head();
      }
      const y = document.y;
      document.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      const [date = '', kind = '', reference = '', debit = '', credit = '', balance = ''] = cells;
      textRow(document, y, [
        { text: date, x: columns.date, width: 60 },
        { text: kind, x: columns.kind, width: 80 },
        { text: reference, x: columns.reference, width: 100 },
        { text: debit, x: columns.debit, width: 75, right: true },
        { text: credit, x: columns.credit, width: 75, right: true },
        { text: balance, x: columns.balance, width: right - columns.balance, right: true },
      ]);
      document.x = page.margin;
      document.y = y + 13;
    };
    const head = () => row(['Date', 'Type', 'Reference', 'Debit', 'Credit', 'Balance'], true);

    const [issuerName, ...issuerAddress] = issuer;
    document
      .font('Helvetica-Bold')
      .fontSize(16)
      .text(issuerName ?? '', page.margin, page.margin);
    document.font('Helvetica').fontSize(9);
    for (const line of issuerAddress) document.text(line);
    document
      .font('Helvetica-Bold')
      .fontSize(16)
      .text('Account statement', page.margin, page.margin, { align: 'right' });
    document.font('Helvetica').fontSize(9);
    document.text(`${statement.from} to ${statement.to}`, { align: 'right' });
    document.text(`Currency ${statement.currency}`, { align: 'right' });
    document.moveDown(3);
    document.font('Helvetica-Bold').fontSize(10).text('Account', page.margin);
    document.font('Helvetica').text(statement.organization.name);
    document.moveDown();

    head();
    row([statement.from, 'Opening balance', '', '', '', money(statement.openingMinor)], true);
    for (const entry of statement.rows) {
      row([
        entry.date,
        statementKindLabels[entry.kind],
        entry.reference,
        entry.debitMinor ? money(entry.debitMinor) : '',
        entry.creditMinor ? money(entry.creditMinor) : '',
        money(entry.balanceMinor),
      ]);
    }
    row([statement.to, 'Closing balance', '', '', '', money(statement.closingMinor)], true);

    document.moveDown();
    row(['Aging', `at ${statement.to}`, '', '', '', ''], true);
    for (const bucket of statement.aging)
      row([agingLabels[bucket.bucket], '', '', '', '', money(bucket.amountMinor)]);
    document.end();
  });
};
