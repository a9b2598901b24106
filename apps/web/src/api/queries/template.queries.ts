import { useQuery } from '@tanstack/react-query';

import { get } from '../client';

/** Query key of the canned answers an agent may start a reply from. */
export const answerTemplateKeys = {
  all: () => ['answer-templates'] as const,
};

export interface AnswerTemplate {
  code: string;
  language: string;
  name: string;
  body: string;
}

/** Canned answers change rarely: five minutes before they are asked again. */
export function useAnswerTemplates() {
  return useQuery({
    queryKey: answerTemplateKeys.all(),
    queryFn: () => get<AnswerTemplate[]>('/api/mail/answer-templates'),
    staleTime: 300_000,
  });
}
