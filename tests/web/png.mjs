// A small PNG reader for the tests: 8-bit RGB/RGBA, non-interlaced (what Chromium's
// screenshots and LossLab's exports are), plus the text chunks.
import zlib from "node:zlib";

export function readPng(buf) {
  const sig = "89504e470d0a1a0a";
  if (buf.subarray(0, 8).toString("hex") !== sig) throw new Error("not a PNG");
  let off = 8, width = 0, height = 0, depth = 0, type = 0;
  const idat = [], texts = {};
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), kind = buf.toString("latin1", off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (kind === "IHDR") {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4); depth = data[8]; type = data[9];
    } else if (kind === "IDAT") idat.push(data);
    else if (kind === "tEXt" || kind === "iTXt") {
      const z = data.indexOf(0), key = data.toString("latin1", 0, z);
      if (kind === "tEXt") texts[key] = data.toString("latin1", z + 1);
      else {
        let p = z + 3; // compression flag and method
        p = data.indexOf(0, p) + 1; p = data.indexOf(0, p) + 1; // language, translated keyword
        const body = data[z + 1] ? zlib.inflateSync(data.subarray(p)) : data.subarray(p);
        texts[key] = body.toString("utf8");
      }
    }
    off += 12 + len;
  }
  if (depth !== 8 || (type !== 2 && type !== 6)) throw new Error(`unsupported PNG ${depth}/${type}`);
  const bpp = type === 6 ? 4 : 3, stride = width * bpp;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const px = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; ++y) {
    const f = raw[y * (stride + 1)], line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; ++i) {
      const a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let v = 0;
      if (f === 1) v = a; else if (f === 2) v = b; else if (f === 3) v = (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      line[i] = (line[i] + v) & 255;
    }
    for (let x = 0; x < width; ++x) {
      const o = (y * width + x) * 4;
      px[o] = line[x * bpp]; px[o + 1] = line[x * bpp + 1]; px[o + 2] = line[x * bpp + 2];
      px[o + 3] = bpp === 4 ? line[x * bpp + 3] : 255;
    }
    prev = line;
  }
  return { width, height, px, texts };
}

// How many pixels of `img` inside the box are within `tol` of `rgb` in every channel.
export function countColour(img, rgb, tol = 24, box = { x: 0, y: 0, w: img.width, h: img.height }) {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; ++y)
    for (let x = box.x; x < box.x + box.w; ++x) {
      const o = (y * img.width + x) * 4;
      if (Math.abs(img.px[o] - rgb[0]) <= tol && Math.abs(img.px[o + 1] - rgb[1]) <= tol &&
          Math.abs(img.px[o + 2] - rgb[2]) <= tol) ++n;
    }
  return n;
}
