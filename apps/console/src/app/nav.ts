import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { Principal } from '../auth/roles';

/** An entry of the side navigation; shown only when `visible` allows it for the signed-in principal. */
export interface NavItem {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number | string; stroke?: number }>;
  visible: (principal: Principal) => boolean;
  /** Ordering in the navigation: lower first. */
  order: number;
  /**
   * Pages outside `to` that belong to this entry (e.g. `/issuers/acme/sessions/…` to Sessions); they win over the
   * entry whose `to` merely prefixes the path.
   */
  owns?: RegExp;
}

/** What a feature folder contributes: its routes (relative to /console) and its navigation entries. */
export interface ConsoleFeature {
  routes: RouteObject[];
  nav: NavItem[];
}
