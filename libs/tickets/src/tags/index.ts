export * from './tag-name.util';
export * from './tag.repository';
export * from './ticket-tagger.service';
