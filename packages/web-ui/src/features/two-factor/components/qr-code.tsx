import { toString as renderQrCode } from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * A QR code of `text` drawn here, in the browser: the two-factor secret it carries never goes to a
 * third-party image service. An SVG in a data: URL (allowed by the portals' content security policy).
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    renderQrCode(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      .then((svg) => {
        if (current) setSource(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        // The key beside it is the way in when a code cannot be drawn.
        if (current) setSource(null);
      });
    return () => {
      current = false;
    };
  }, [text]);
  if (!source) return null;
  return <img className="qr-code" src={source} alt={label} width={192} height={192} />;
}
