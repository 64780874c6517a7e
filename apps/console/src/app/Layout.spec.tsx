import { describe, expect, it } from 'vitest';
import { IconActivity } from '@tabler/icons-react';
import type { NavItem } from './nav';
import { activeEntry } from './Layout';

const item = (to: string, owns?: RegExp): NavItem => ({ label: to, to, icon: IconActivity, visible: () => true, order: 0, owns });
const ITEMS = [
  item('/'),
  item('/issuers'),
  item('/profiles', /^\/issuers\/[^/]+\/profiles(\/|$)/),
  item('/offers', /^\/issuers\/[^/]+\/profiles\/[^/]+\/offers(\/|$)/),
  item('/sessions', /^\/issuers\/[^/]+\/sessions(\/|$)/),
];

describe('the navigation entry of a page', () => {
  it('is the entry owning the page by its longest pattern, else the longest prefix', () => {
    expect(activeEntry(ITEMS, '/')?.to).toBe('/');
    expect(activeEntry(ITEMS, '/issuers')?.to).toBe('/issuers');
    expect(activeEntry(ITEMS, '/issuers/acme')?.to).toBe('/issuers');
    expect(activeEntry(ITEMS, '/issuers/acme/sessions/s1')?.to).toBe('/sessions');
    expect(activeEntry(ITEMS, '/issuers/acme/profiles/p1')?.to).toBe('/profiles');
    expect(activeEntry(ITEMS, '/issuers/acme/profiles/p1/offers/new')?.to).toBe('/offers');
    expect(activeEntry(ITEMS, '/issuersx')).toBeUndefined();
  });
});
