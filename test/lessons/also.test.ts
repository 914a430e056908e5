// Frontmatter `also`: the other labs of a cross-lab lesson, checked like `lab`.
import { describe, expect, it } from 'vitest';
import { parseLessonMeta } from '../../src/app/lessons/parse';

const meta = (also: string) =>
  parseLessonMeta(`---\ntitle: T\nlab: qeth\norder: 6\nsummary: S\nminutes: 5\n${also}\n---\nbody`);

describe('frontmatter also', () => {
  it('takes one lab, a comma list or a bracketed list', () => {
    expect(meta('also: macvlan').meta.also).toEqual(['macvlan']);
    expect(meta('also: macvlan, vdp').meta.also).toEqual(['macvlan', 'vdp']);
    expect(meta('also: [macvlan, vepa]').meta.also).toEqual(['macvlan', 'vepa']);
    expect(meta('').meta.also).toBeUndefined();
  });
  it('says what is wrong with an unknown, repeated, own or empty lab', () => {
    expect(meta('also: macvlann').problems).toEqual([
      'frontmatter "also" names "macvlann"; use one of bridge, qeth, macvlan, vepa, vdp, virtio',
    ]);
    expect(meta('also: qeth').problems).toEqual(['frontmatter "also" names "qeth", the lesson\'s own lab']);
    expect(meta('also: vdp, vdp').problems).toEqual(['frontmatter "also" names "vdp" twice']);
    expect(meta('also: []').problems[0]).toMatch(/"also" is empty/);
  });
});
