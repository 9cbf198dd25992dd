const PRESSABLE_STYLE_ID = 'react-aria-pressable-style';

/**
 * React Aria's press handling adds a <style id="react-aria-pressable-style"> to <head> unless
 * an element with that id is already there (adobe/react-spectrum#8273). The page's
 * Content-Security-Policy (style-src 'self') blocks inline style elements and logs a
 * violation, so theme.css carries that rule and this inert placeholder claims the id.
 * Must run before the first render.
 */
export function claimReactAriaInlineStyle(): void {
  if (document.getElementById(PRESSABLE_STYLE_ID) !== null) return;
  const placeholder = document.createElement('template');
  placeholder.id = PRESSABLE_STYLE_ID;
  document.head.append(placeholder);
}
