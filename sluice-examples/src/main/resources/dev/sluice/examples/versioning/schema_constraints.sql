-- name: schema_constraints
-- Keys, the foreign key and the eligibility rule, added after the seed. Both pipelines run on
-- exactly these indexes: primary keys only. There is deliberately no index that would help the
-- old pipeline's scan (revision > versioned_revision compares two columns of the same row, which
-- a B-tree cannot answer); that is the write-up's design, which scans the products table.
ALTER TABLE {{schema}}.users ADD PRIMARY KEY (id);
ALTER TABLE {{schema}}.products ADD PRIMARY KEY (id);
ALTER TABLE {{schema}}.products ADD FOREIGN KEY (owner_id) REFERENCES {{schema}}.users (id);
ALTER TABLE {{schema}}.product_versions ADD PRIMARY KEY (product_id, version);
ALTER TABLE {{schema}}.published_products ADD PRIMARY KEY (product_id);

-- The eligibility rule, in one place. A change is eligible (needs a new version) when, after the
-- update, the product is eligible and either its content (name, price, attributes, owner) changed
-- or it has just become eligible. Such a change bumps revision; nothing else may touch revision.
-- Both pipelines key off revision: the new one captures updates where it changed, the old one
-- scans for revision > versioned_revision.
CREATE FUNCTION {{schema}}.products_revision() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.revision := OLD.revision;
    IF (NEW.name, NEW.price, NEW.attributes, NEW.owner_id) IS DISTINCT FROM (OLD.name, OLD.price, OLD.attributes, OLD.owner_id)
       OR (NEW.eligible AND NOT OLD.eligible) THEN
        NEW.revision := OLD.revision + 1;
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER products_revision BEFORE UPDATE ON {{schema}}.products
    FOR EACH ROW EXECUTE FUNCTION {{schema}}.products_revision();

-- The new pipeline's guard for a write sent together with its COMMIT (Batch.commitWith):
-- returns the ids of the products that moved, and when every planned product had to move and some
-- did not (another worker versioned it meanwhile, so it must be planned again), fails instead, so
-- that the COMMIT sent behind it is skipped and the batch stays open (SQLSTATE VS001, which
-- commitWith undoes alone, rolling back to its savepoint).
CREATE FUNCTION {{schema}}.versions_moved(all_required boolean, planned bigint, moved bigint[]) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
BEGIN
    IF all_required AND cardinality(moved) < planned THEN
        RAISE EXCEPTION 'only % of % planned versions applied; the rest must be planned again', cardinality(moved), planned
            USING ERRCODE = 'VS001';
    END IF;
    RETURN moved;
END
$fn$;

ANALYZE {{schema}}.users;
ANALYZE {{schema}}.products;
