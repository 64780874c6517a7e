import { IconGauge } from '@tabler/icons-react';
import type { ConsoleFeature } from '../../app/nav';
import { DashboardPage } from './DashboardPage';

export const dashboardFeature: ConsoleFeature = {
  routes: [{ index: true, element: <DashboardPage /> }],
  nav: [{ label: 'Dashboard', to: '/', icon: IconGauge, visible: () => true, order: 0 }],
};
