import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A bank file imported once: its SHA-256 makes a second import of the same bytes answer the first. */
@Entity({ name: 'bank_statement_files' })
@Index('bank_statement_files_hash_unique', ['sha256'], { unique: true })
export class BankStatementFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  sha256!: string;

  /** camt.053, camt.054 or pain.002. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'entry_count', type: 'integer' })
  entryCount!: number;

  @Column({ name: 'ignored_count', type: 'integer' })
  ignoredCount!: number;

  /** Set once every entry was applied or listed for a person; a file left half done is resumed by its next import. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'imported_by', type: 'uuid', nullable: true })
  importedBy!: string | null;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}
