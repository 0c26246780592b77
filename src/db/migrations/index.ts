// The ordered list of migrations. Listed explicitly (not read from the folder) so that the
// same code runs under tsx, in tests and in a bundled build.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_rate_limits.ts';
import * as m0003 from './0003_back_office.ts';
import * as m0004 from './0004_day_of_event.ts';
import * as m0005 from './0005_languages_privacy.ts';
import * as m0006 from './0006_tables.ts';
import * as m0007 from './0007_live_questions.ts';
import * as m0008 from './0008_ideas.ts';
import * as m0009 from './0009_mail_intake.ts';
import * as m0010 from './0010_intake_outcome_fields.ts';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_rate_limits': m0002,
  '0003_back_office': m0003,
  '0004_day_of_event': m0004,
  '0005_languages_privacy': m0005,
  '0006_tables': m0006,
  '0007_live_questions': m0007,
  '0008_ideas': m0008,
  '0009_mail_intake': m0009,
  '0010_intake_outcome_fields': m0010,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
