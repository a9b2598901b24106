export { PortalCoreModule, PortalModule, PortalWorkerModule } from './portal.module';
export { FOLLOW_ROUTES } from './follow.controller';
export { FollowService } from './follow.service';
export { PUBLIC_REQUEST_ROUTES } from './public-request.controller';
export { SURVEY_ROUTES } from './satisfaction.controller';
export { SatisfactionService } from './satisfaction.service';
export { PublicRequestService } from './public-request.service';
export * from './public-request-form';
