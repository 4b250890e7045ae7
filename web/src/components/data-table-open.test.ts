// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { opensRow } from './data-table.js';

/** A row as DataTable renders one: cells with text, a link and a checkbox. */
function row(): HTMLElement {
  const element = document.createElement('div');
  element.innerHTML = '<div role="cell"><input type="checkbox"></div><div role="cell"><a href="/x"><span>name</span></a><div class="cell-sub">ns</div></div><div role="cell"><span class="reason">Failed</span></div>';
  return element;
}

describe('a row that opens', () => {
  it('opens on a click anywhere but its links and controls', () => {
    const element = row();
    expect(opensRow(element.querySelector('.reason'), element)).toBe(true);
    expect(opensRow(element.querySelector('.cell-sub'), element)).toBe(true);
    expect(opensRow(element, element)).toBe(true);
    // The name's link and the selection checkbox keep their own click.
    expect(opensRow(element.querySelector('a span'), element)).toBe(false);
    expect(opensRow(element.querySelector('input'), element)).toBe(false);
  });

  it('does not open when the click ends a text selection', () => {
    const element = row();
    expect(opensRow(element.querySelector('.reason'), element, 'Failed')).toBe(false);
  });
});
