// The current view as a PNG: sigma's layers (WebGL and 2D canvases) drawn onto one canvas
// right after a synchronous render, while the WebGL buffers still hold the picture.

export function snapshotCanvas(renderer) {
  renderer.refresh();
  const layers = [...renderer.getContainer().querySelectorAll("canvas")];
  const { width, height } = renderer.getDimensions();
  const scale = layers.length ? layers[0].width / width : 1;
  const out = document.createElement("canvas");
  out.width = Math.round(width * scale);
  out.height = Math.round(height * scale);
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  for (const layer of layers) ctx.drawImage(layer, 0, 0, out.width, out.height);
  return out;
}

export function downloadPNG(renderer, name) {
  snapshotCanvas(renderer).toBlob((blob) => {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, "image/png");
}
