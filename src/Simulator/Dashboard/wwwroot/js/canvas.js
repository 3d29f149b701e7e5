// Canvas helpers shared by the views.

/** Gives a canvas as many pixels as the box it is shown in (after a resize too), so it is drawn sharp. */
export function fitToBox(canvas) {
  const w = Math.round(canvas.clientWidth * devicePixelRatio), h = Math.round(canvas.clientHeight * devicePixelRatio);
  if (w > 0 && h > 0 && (canvas.width !== w || canvas.height !== h)) {
    canvas.width = w;
    canvas.height = h;
  }
}
