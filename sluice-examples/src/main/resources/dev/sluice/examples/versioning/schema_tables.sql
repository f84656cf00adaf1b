-- name: schema_tables
-- The domain tables, created bare: keys, the foreign key and the revision trigger are added by
-- schema_constraints.sql after the seed, because building an index once is much faster than
-- maintaining it row by row during a multi-million-row load.
CREATE SCHEMA IF NOT EXISTS {{schema}};

CREATE TABLE {{schema}}.users (
    id    bigint NOT NULL,
    name  text   NOT NULL,
    email text   NOT NULL
);

-- revision: bumped by the products_revision trigger on every eligible change (see below);
-- versioned_revision: the revision the latest version was made from. A product needs work when it
-- is eligible and revision > versioned_revision.
CREATE TABLE {{schema}}.products (
    id                 bigint        NOT NULL,
    owner_id           bigint        NOT NULL,
    name               text          NOT NULL,
    price              numeric(12,2) NOT NULL,
    attributes         jsonb         NOT NULL DEFAULT '{}',
    eligible           boolean       NOT NULL DEFAULT true,
    revision           bigint        NOT NULL DEFAULT 1,
    versioned_revision bigint        NOT NULL DEFAULT 0,
    current_version    integer       NOT NULL DEFAULT 0,
    updated_at         timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE {{schema}}.product_versions (
    product_id bigint      NOT NULL,
    version    integer     NOT NULL,
    revision   bigint      NOT NULL,
    snapshot   jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{schema}}.published_products (
    product_id   bigint      NOT NULL,
    version      integer     NOT NULL,
    data         jsonb       NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
