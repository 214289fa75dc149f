import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two offered services may not share a name (case and surrounding spaces aside): customers
 * could not tell them apart (SERVICE_NAME_TAKEN). A shop that already has duplicates keeps
 * every service and every booking: the later ones are renamed "Haircut (2)", "Haircut (3)"
 * for the owner to sort out, rather than being hidden or removed behind their back.
 */
export class UniqueActiveServiceNames1765000016000 implements MigrationInterface {
  name = 'UniqueActiveServiceNames1765000016000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE services s SET name = s.name || ' (' || d.n || ')'
        FROM (SELECT id, row_number() OVER (PARTITION BY lower(btrim(name)) ORDER BY created_at, id) AS n
                FROM services WHERE active) d
       WHERE d.id = s.id AND d.n > 1`);
    await queryRunner.query('CREATE UNIQUE INDEX services_active_name_unique ON services (lower(btrim(name))) WHERE active');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX services_active_name_unique');
  }
}
