import type { Actor } from '@app/auth';
import { Injectable, MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';

/** What another library pushes to one signed-in browser through /api/events. */
export type LiveSource = (actor: Actor) => Observable<MessageEvent>;

/**
 * Other libraries' events on the same stream as the ticket changes (a ringing call from the phone
 * line): one connection per browser, checked against the session like the rest. The libraries
 * register themselves, so the tickets library depends on none of them.
 */
@Injectable()
export class LiveSources {
  private readonly sources: LiveSource[] = [];

  register(source: LiveSource): void {
    this.sources.push(source);
  }

  streams(actor: Actor): Observable<MessageEvent>[] {
    return this.sources.map((source) => source(actor));
  }
}
