import 'reflect-metadata';
import { startService } from '@issuer/platform';
import { NotificationsModule, NOTIFICATIONS_SERVICE_NAME } from './notifications.module';

startService(NOTIFICATIONS_SERVICE_NAME, NotificationsModule);
