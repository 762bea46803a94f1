// Threat: a deeply nested document exhausting the stack of whatever walks it next.
import { describe, expect, it } from 'vitest';
import { memberNestedTooDeep } from './json-depth';

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });

describe('memberNestedTooDeep', () => {
  it('counts the value itself as level 1 and names the member that goes past the bound', () => {
    expect(memberNestedTooDeep({ ok: 1, a: nested(2) }, 3)).toBeUndefined();
    expect(memberNestedTooDeep({ ok: 1, a: nested(3) }, 3)).toBe('a');
    expect(memberNestedTooDeep([[[['x']]]], 3)).toBe('0');
  });

  it('ignores primitives and null, and walks a very deep value without overflowing', () => {
    expect(memberNestedTooDeep('x', 1)).toBeUndefined();
    expect(memberNestedTooDeep({ a: null }, 1)).toBeUndefined();
    expect(memberNestedTooDeep(JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), 32)).toBe('a');
  });
});
