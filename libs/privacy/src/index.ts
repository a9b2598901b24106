export * from './contact-privacy.service';
export * from './privacy.module';
export * from './privacy-policy.repository';
export * from './privacy-policy.service';
export * from './privacy-policy.types';
export * from './retention.job';
export * from './retention.service';
export * from './retention-plan';
export { PRIVACY_PAGE_ROUTES } from './privacy-documents.controller';
