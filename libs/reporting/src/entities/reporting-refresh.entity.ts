import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** When the reporting facts were last recomputed (a single row): dashboards say "données au …". */
@Entity({ name: 'reporting_refreshes' })
@Check('reporting_refreshes_single_row', '"id" = 1')
export class ReportingRefreshEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'refreshed_at', type: 'timestamptz' })
  refreshedAt!: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;
}
