import { describeOneFileIssuer } from './one-file-issuer-checks';

describeOneFileIssuer('baseline', 'in-memory issuer');
