/**
 * Whether an `Accept-Encoding` header admits gzip: named (or `*`) without `q=0`. A name the header
 * refuses outright wins over `*`.
 */
export const acceptsGzip = (header: string | undefined): boolean => {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    const quality = parameters
      .map((parameter) => parameter.trim())
      .find((parameter) => parameter.startsWith('q='));
    const accepted = quality === undefined || Number(quality.slice(2)) > 0;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') return accepted;
    if (name.trim() === '*') wildcard = accepted;
  }
  return wildcard;
};
