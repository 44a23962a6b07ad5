/**
 * The beneficiaries' word on the help they got (the label's quality loop): once a cheque is
 * redeemed, its public page invites the holder, once, to rate it. Nothing identifies the person;
 * the page does not name the place. Aggregates are shown from RATINGS_MIN_ANSWERS answers on, so
 * that no single answer can be traced back to someone.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, type Clock, CLOCK, DomainError, hashChequeCode, localDate, parseChequeCode } from '@app/domain';
import { PlacesService } from '@app/places';

export const RATINGS_MIN_ANSWERS = 5;

export interface FeedbackInput {
  rating: number;
  learned: boolean;
  solved: boolean;
  willReturn: boolean;
}

export interface FeedbackStatus {
  /** The cheque has been used and nobody has rated it yet. */
  invited: boolean;
  given: boolean;
}

export interface PlaceRatings {
  answers: number;
  /** False below RATINGS_MIN_ANSWERS: the figures are then null. */
  shown: boolean;
  minimumAnswers: number;
  averageRating: number | null;
  /** Answers per rating 1..5. */
  distribution: number[] | null;
  learnedShare: number | null;
  solvedShare: number | null;
  willReturnShare: number | null;
}

interface UsedCheque {
  cheque_id: string;
  place_id: string | null;
  given: boolean;
}

@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async status(code: string): Promise<FeedbackStatus> {
    const cheque = await this.usedCheque(code);
    return { invited: cheque.place_id !== null && !cheque.given, given: cheque.given };
  }

  async give(code: string, input: FeedbackInput): Promise<FeedbackStatus> {
    const cheque = await this.usedCheque(code);
    if (cheque.place_id === null) {
      throw new DomainError('conflict', 'This cheque has not been used: there is nothing to rate yet', { code: 'cheque_not_used' });
    }
    // The unique index on the cheque keeps it to one answer, even with two tabs sending at once.
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO cheque_feedback (cheque_id, place_id, rating, learned, solved, will_return, given_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (cheque_id) DO NOTHING RETURNING id`,
      [cheque.cheque_id, cheque.place_id, input.rating, input.learned, input.solved, input.willReturn, localDate(this.clock.now())],
    );
    if (inserted.length === 0) {
      throw new DomainError('conflict', 'This cheque has already been rated', { code: 'feedback_already_given' });
    }
    return { invited: false, given: true };
  }

  /** A place's ratings: its page shows them to everyone (its managers included) from 5 answers on. */
  async ratings(actor: Actor, placeId: string): Promise<PlaceRatings> {
    await this.places.getPublic(actor, placeId);
    const [row]: Array<{
      answers: number;
      average: string | null;
      learned: number;
      solved: number;
      will_return: number;
      distribution: number[];
    }> = await this.dataSource.query(
      `SELECT count(*)::int AS answers, round(avg(rating), 1)::text AS average,
                count(*) FILTER (WHERE learned)::int AS learned, count(*) FILTER (WHERE solved)::int AS solved,
                count(*) FILTER (WHERE will_return)::int AS will_return,
                array(SELECT count(f2.id)::int FROM generate_series(1, 5) AS g(rating)
                        LEFT JOIN cheque_feedback f2 ON f2.place_id = $1 AND f2.rating = g.rating GROUP BY g.rating ORDER BY g.rating) AS distribution
           FROM cheque_feedback WHERE place_id = $1`,
      [placeId],
    );
    const shown = row.answers >= RATINGS_MIN_ANSWERS;
    const share = (count: number): number | null => (shown ? Math.round((count / row.answers) * 100) / 100 : null);
    return {
      answers: row.answers,
      shown,
      minimumAnswers: RATINGS_MIN_ANSWERS,
      averageRating: shown && row.average !== null ? Number(row.average) : null,
      distribution: shown ? row.distribution : null,
      learnedShare: share(row.learned),
      solvedShare: share(row.solved),
      willReturnShare: share(row.will_return),
    };
  }

  /** The cheque, the place of its current redemption (null when unused) and whether it was rated. */
  private async usedCheque(code: string): Promise<UsedCheque> {
    const parsed = parseChequeCode(code);
    if (!parsed.ok) throw DomainError.notFound('cheque');
    const [cheque]: UsedCheque[] = await this.dataSource.query(
      `SELECT c.id AS cheque_id,
              (SELECT r.place_id FROM redemption_cheques rc JOIN redemptions r ON r.id = rc.redemption_id
                WHERE rc.cheque_id = c.id AND rc.released_at IS NULL) AS place_id,
              EXISTS (SELECT 1 FROM cheque_feedback f WHERE f.cheque_id = c.id) AS given
         FROM cheques c WHERE c.code_hash = $1`,
      [hashChequeCode(parsed.code)],
    );
    if (!cheque) throw DomainError.notFound('cheque');
    return cheque;
  }
}
