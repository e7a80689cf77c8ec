package dev.multidocker.api.values;

import jakarta.inject.Singleton;

/**
 * GET /values/all's answer, kept while it is one page (the default limit's 41 rows): the page reads it on every
 * load, and read from PostgreSQL it costs the api and the database several times what GET /values/current costs.
 * PostgreSQL tells every api of each change to the table when it commits (db/migration/V2, TableChangeListener);
 * this process's own POST drops the answer before it answers.
 */
@Singleton
class IndexListCache extends KeptAnswer {
}
