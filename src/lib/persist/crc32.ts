/**
 * CRC-32 (IEEE 802.3, the zip/PNG polynomial) of a byte range: the score file's per-batch checksum. Written
 * here because it is a dozen lines and the popular package (crc-32) ships CommonJS; checked against the
 * standard check value in the tests.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of `bytes`; pass the CRC of what came before as `previous` to checksum a long range a chunk at
 * a time (crc32(b, crc32(a)) is the CRC of a then b).
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
