/**
 * Where a tooltip goes for a piece of running text: below the element, or above when it would leave the
 * window. `hoverTarget` finds the element under the pointer (the nearest ancestor carrying `attribute`:
 * event delegation, so a view with thousands of spans has one listener); `tooltipAt` places it for an element
 * reached any other way (keyboard focus). Both return null when there is no such element.
 */
export function hoverTarget(
  event: MouseEvent,
  attribute: string,
  size = { width: 360, height: 320 },
): { index: number; x: number; y: number } | null {
  const el = (event.target as HTMLElement).closest<HTMLElement>(`[${attribute}]`);
  return el ? tooltipAt(el, attribute, size) : null;
}

export function tooltipAt(
  el: HTMLElement,
  attribute: string,
  size = { width: 360, height: 320 },
): { index: number; x: number; y: number } | null {
  if (!el.hasAttribute(attribute)) return null;
  const rect = el.getBoundingClientRect();
  const below = rect.bottom + 6;
  return {
    index: Number(el.getAttribute(attribute)),
    x: Math.max(4, Math.min(rect.left, window.innerWidth - size.width)),
    y: below + size.height > window.innerHeight ? Math.max(4, rect.top - size.height - 6) : below,
  };
}

/** The element a key moves keyboard focus to among `items`, from `current`; null for other keys. */
export function focusStep(key: string, current: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
