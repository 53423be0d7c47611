/**
 * Turns a drawing into what an MNIST network expects, the way the MNIST digits were
 * made: crop to the bounding box of the ink, scale the longer side to 20 pixels
 * (keeping the aspect ratio), and place the result in a 28 × 28 field so that its
 * centre of mass lies at the centre. Values are 0 (paper) to 1 (ink), row-major.
 */

export const SIDE = 28;
const BOX = 20;
/** Where the MNIST digits' centre of mass lies, in pixel indices (measured: 14.0, 14.0). */
const CENTRE = 14;

/**
 * `gray` is `width × height` ink values in 0..1. Returns 784 values, or null when
 * nothing is drawn.
 */
export function toMnist(gray: ArrayLike<number>, width: number, height: number, threshold = 0.05): Float32Array | null {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x] > threshold) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return null;
  const w = maxX - minX + 1;
  const h = maxY - minY + 1;
  const scale = BOX / Math.max(w, h);
  const tw = Math.max(1, Math.min(BOX, Math.round(w * scale)));
  const th = Math.max(1, Math.min(BOX, Math.round(h * scale)));

  // Resample the crop to tw × th: area averaging when shrinking (every source pixel
  // adds its share to the target cells it overlaps), nearest neighbour when growing.
  const small = new Float32Array(tw * th);
  if (scale <= 1) {
    const weight = new Float32Array(tw * th);
    for (let y = 0; y < h; y++) {
      const ty = Math.min(th - 1, Math.floor((y * th) / h));
      for (let x = 0; x < w; x++) {
        const tx = Math.min(tw - 1, Math.floor((x * tw) / w));
        small[ty * tw + tx] += gray[(minY + y) * width + minX + x];
        weight[ty * tw + tx] += 1;
      }
    }
    for (let i = 0; i < small.length; i++) small[i] = weight[i] > 0 ? small[i] / weight[i] : 0;
  } else {
    for (let ty = 0; ty < th; ty++) {
      const y = Math.min(h - 1, Math.floor(((ty + 0.5) * h) / th));
      for (let tx = 0; tx < tw; tx++) {
        const x = Math.min(w - 1, Math.floor(((tx + 0.5) * w) / tw));
        small[ty * tw + tx] = gray[(minY + y) * width + minX + x];
      }
    }
  }
  // Strokes thinned by averaging get their full ink back: the darkest pixel becomes 1.
  let peak = 0;
  for (let i = 0; i < small.length; i++) if (small[i] > peak) peak = small[i];
  if (peak <= 0) return null;

  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x] / peak;
      small[y * tw + x] = v;
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  // Offset that moves the centre of mass to CENTRE, kept inside the field.
  const ox = Math.max(0, Math.min(SIDE - tw, Math.round(CENTRE - mx / mass)));
  const oy = Math.max(0, Math.min(SIDE - th, Math.round(CENTRE - my / mass)));
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      out[(oy + y) * SIDE + ox + x] = Math.min(1, Math.max(0, small[y * tw + x]));
    }
  }
  return out;
}

/** Ink values of an RGBA image drawn in white on black (or on transparent). */
export function inkOf(rgba: Uint8ClampedArray): Float32Array {
  const out = new Float32Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] = (rgba[4 * i] / 255) * (rgba[4 * i + 3] / 255);
  }
  return out;
}
