// Short messages in the corner: errors stay until clicked (they say what was refused and why), others fade.

export function toast(text, kind = 'info') {
  const box = document.getElementById('toasts');
  const t = document.createElement('div');
  t.className = `toast ${kind}`;
  t.textContent = text;
  t.title = 'click to dismiss';
  t.addEventListener('click', () => t.remove());
  box.append(t);
  while (box.children.length > 5) box.firstElementChild.remove();
  if (kind !== 'error') setTimeout(() => t.remove(), 4000);
}
