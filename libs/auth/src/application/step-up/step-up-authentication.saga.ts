import { Injectable, Logger } from '@nestjs/common';
import { type ICommand, type IEvent, ofType, Saga } from '@nestjs/cqrs';
import { EMPTY, type Observable, mergeMap, of } from 'rxjs';
import { ElevationGrantedEvent } from '../../domain/events/elevation-granted.event';
import { ResumeOperationCommand } from './resume-operation.command';

/**
 * The step-up loop on the event stream: an `ElevationGrantedEvent` for a resumable operation
 * becomes a `ResumeOperationCommand`, which reads everything else from the shared store by the
 * operation's id, so the saga holds no state and any instance may run the resume.
 *
 * The grant itself is not the saga's: `/auth/otp/validate` awaits `GrantElevationCommand` before it
 * answers `elevated`, so a client retrying at once finds the elevation stored. Resuming may take as
 * long as the app's command does, so it runs here, after the answer, and the client reads the
 * outcome from `GET /auth/operations/:id`.
 */
@Injectable()
export class StepUpAuthenticationSaga {
  private readonly logger = new Logger('Stepgate');

  @Saga()
  resumeGrantedOperations = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(ElevationGrantedEvent),
      this.eachSafely((event) => (event.resumable ? new ResumeOperationCommand(event.operationId) : undefined)),
    );

  /**
   * Maps each event on its own: a throw while mapping one is logged and skips that event. A plain
   * `map` would error the stream, and Nest's saga runner then completes it, ending the saga for
   * every later event.
   */
  private eachSafely<E>(toCommand: (event: E) => ICommand | undefined) {
    return mergeMap((event: E): Observable<ICommand> => {
      try {
        const command = toCommand(event);
        return command ? of(command) : EMPTY;
      } catch (error) {
        this.logger.error(`StepUpAuthenticationSaga skipped an event it could not map: ${(error as Error)?.message}`);
        return EMPTY;
      }
    });
  }
}
