// Decodes the binary frame message (layout documented in FrameMessage.cs on the server).
const HEADER_BYTES = 36;

export function decodeFrame(buffer) {
  const v = new DataView(buffer);
  if (v.getUint8(0) !== 1) throw new Error(`unknown binary message kind ${v.getUint8(0)}`);
  const cells = v.getUint16(2, true), width = v.getUint16(4, true), height = v.getUint16(6, true);
  return {
    late: (v.getUint8(1) & 1) !== 0,
    index: v.getFloat64(8, true),
    time: v.getFloat64(16, true),
    latencyMs: v.getFloat32(24, true),
    scaleMax: v.getFloat32(28, true),
    droppedBefore: v.getUint32(32, true),
    rates: new Float32Array(buffer, HEADER_BYTES, cells),
    preview: width > 0 ? { width, height, pixels: new Uint8Array(buffer, HEADER_BYTES + 4 * cells, width * height) } : null,
  };
}
