/**
 * Where a tooltip goes for the element under the pointer: the nearest ancestor carrying `attribute`
 * (event delegation, so a view with thousands of spans has one listener), placed below it, or above when
 * it would leave the window. Returns null when the pointer is on no such element.
 */
export function hoverTarget(
  event: MouseEvent,
  attribute: string,
  size = { width: 360, height: 320 },
): { index: number; x: number; y: number } | null {
  const el = (event.target as HTMLElement).closest<HTMLElement>(`[${attribute}]`);
  if (!el) return null;
  const rect = el.getBoundingClientRect();
  const below = rect.bottom + 6;
  return {
    index: Number(el.getAttribute(attribute)),
    x: Math.max(4, Math.min(rect.left, window.innerWidth - size.width)),
    y: below + size.height > window.innerHeight ? Math.max(4, rect.top - size.height - 6) : below,
  };
}
