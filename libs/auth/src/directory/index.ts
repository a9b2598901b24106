export * from './directory-sign-in';
export * from './directory-users.repository';
export * from './group-roles';
export * from './ldap-directory';
export * from './oidc-sign-in';
