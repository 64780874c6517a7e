export { IssuerApiModule, ISSUER_API_SERVICE_NAME } from './issuer-api.module';
export { setupOpenApi } from './openapi/setup-openapi';
export { loadIssuerApiCorsRules } from './common/cors-rules';
export { loadTrustedProxies } from './issuer-api.config';
