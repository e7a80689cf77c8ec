-- The course's table is values(number INT), created by its API. Create it the same way so that a database
-- the course's app used is taken over as it is, then give it what this version guarantees:
-- each index once (the course stores repeats) and first-seen order (a heap has none).
CREATE TABLE IF NOT EXISTS values (number INT);

ALTER TABLE values ADD COLUMN IF NOT EXISTS id BIGINT GENERATED ALWAYS AS IDENTITY;

DELETE FROM values WHERE number IS NULL;
DELETE FROM values later USING values earlier WHERE later.number = earlier.number AND later.id > earlier.id;

ALTER TABLE values ALTER COLUMN number SET NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS values_number_key ON values (number);
