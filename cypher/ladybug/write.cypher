// Writes of the embedded store, one document at a time inside one transaction (see LadybugStore.write).
// Relationship types cannot be parameters, so each type has its own section.

// name: touched_by_document
MATCH (n)-[:MENTIONED_IN]->(d:Document {id: $doc})
RETURN n.id AS id;

// name: existing_documents
UNWIND $ids AS i
MATCH (d:Document {id: i})
RETURN d.id AS id;

// name: touched_by_documents
UNWIND $docs AS doc
MATCH (n)-[:MENTIONED_IN]->(d:Document {id: doc})
RETURN DISTINCT n.id AS id;

// name: delete_documents_relationships
MATCH ()-[r]->() WHERE list_contains($docs, r.doc) DELETE r;

// name: mark_documents_incomplete
// CAST: a column of nulls in a list of rows is typed STRING.
UNWIND $rows AS r
MERGE (d:Document {id: r.id})
SET d.path = r.path, d.title = r.title, d.date = r.date, d.chars = CAST(r.chars AS INT64), d.format = r.format,
    d.complete = false;

// name: mark_documents_complete
UNWIND $rows AS r
MATCH (d:Document {id: r.id})
SET d.sha256 = r.sha256, d.fingerprint = r.fingerprint, d.complete = true;

// name: delete_document_relationships
MATCH ()-[r]->() WHERE r.doc = $doc DELETE r;

// name: mark_document_incomplete
MERGE (d:Document {id: $id})
SET d.path = $path, d.title = $title, d.date = $date, d.chars = $chars, d.format = $format, d.complete = false;

// name: mark_document_complete
MATCH (d:Document {id: $id}) SET d.sha256 = $sha256, d.fingerprint = $fingerprint, d.complete = true;

// name: delete_document_node
MATCH (d:Document {id: $id}) DELETE d;

// name: existing_nodes:Organization
// Nodes: ladybug plans MERGE as a scan of the whole table joined with the rows (~110 us a row at
// 10k organisations, growing with the table), so the writer asks which ids exist (primary-key
// lookups), CREATEs the new nodes and MATCHes + SETs the existing ones: the same result as
// MERGE (n {id: r.id}) SET ... . One label per lookup: MATCH (n:Organization:District:Event
// {id: i}) is a scan + hash join too.
UNWIND $ids AS i
MATCH (n:Organization {id: i})
RETURN n.id AS id;

// name: existing_nodes:District
UNWIND $ids AS i
MATCH (n:District {id: i})
RETURN n.id AS id;

// name: existing_nodes:Event
UNWIND $ids AS i
MATCH (n:Event {id: i})
RETURN n.id AS id;

// name: create_organizations
LOAD FROM $rows
CREATE (n:Organization {id: id, name: name, kind: kind, labels: labels, extra: extra});

// name: update_organizations
LOAD FROM $rows
MATCH (n:Organization {id: id})
SET n.name = name, n.kind = kind, n.labels = labels, n.extra = extra;

// name: create_districts
LOAD FROM $rows
CREATE (n:District {id: id, name: name, level: level, labels: labels, extra: extra});

// name: update_districts
LOAD FROM $rows
MATCH (n:District {id: id})
SET n.name = name, n.level = coalesce(level, n.level), n.labels = labels, n.extra = extra;

// name: create_events
LOAD FROM $rows
CREATE (n:Event {id: id, name: name, kind: kind, date: date, title: title, labels: labels, extra: extra});

// name: update_events
LOAD FROM $rows
MATCH (n:Event {id: id})
SET n.name = name, n.kind = kind, n.date = date, n.title = title, n.labels = labels, n.extra = extra;

// name: clear_aliases
UNWIND $ids AS nid
MATCH (n:Organization:District {id: nid})
SET n.aliases = CAST([] AS STRING[]);

// name: refresh_aliases
// A node's aliases are the union of the forms its remaining mentions used (after clear_aliases).
UNWIND $ids AS nid
MATCH (n:Organization:District {id: nid})-[m:MENTIONED_IN]->(:Document)
UNWIND m.aliases AS form
WITH n, form WHERE form <> n.name
WITH n, collect(DISTINCT form) AS forms
SET n.aliases = forms;

// name: delete_orphans
// Entities no document mentions any more go, with whatever still touches them. Only the nodes
// the document touched can have lost their last mention, so only they are looked at.
UNWIND $ids AS nid
MATCH (n:Organization:District:Event {id: nid})
WHERE NOT EXISTS { MATCH (n)-[:MENTIONED_IN]->(:Document) }
DETACH DELETE n;

// name: document_exists
MATCH (d:Document {id: $id}) RETURN d.id AS id;

// name: bump_version
MERGE (m:Meta {key: 'graph'})
SET m.version = coalesce(m.version, 0) + 1;

// Relationships: one section per type and pair of tables (ladybug creates a relationship
// only between nodes of known tables). Two MATCH clauses, not one with a comma: ladybug plans
// `MATCH (a {id: r.src}), (b {id: r.dst})` as a cross product of both tables filtered per row
// (~300 us a row at 10k nodes, growing with the tables); separate clauses are primary-key lookups.
// $rows is an Arrow table (LadybugStore builds it with a fixed schema): LOAD FROM binds its columns
// by name. A list of maps through UNWIND got the same plan, but ladybug's Python layer typed and
// converted every value of every row first: writing 1,000 documents took 17.9 s instead of 9.5.
// (Ids from parallel lists, $src[i], lost the primary-key lookups.)

// name: LOCATED_IN:Organization:District
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:District {id: dst})
CREATE (a)-[:LOCATED_IN {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: PART_OF:District:District
LOAD FROM $rows
MATCH (a:District {id: src})
MATCH (b:District {id: dst})
CREATE (a)-[:PART_OF {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: PARTY_TO:Organization:Event
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:Event {id: dst})
CREATE (a)-[:PARTY_TO {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: PARTY_TO:District:Event
LOAD FROM $rows
MATCH (a:District {id: src})
MATCH (b:Event {id: dst})
CREATE (a)-[:PARTY_TO {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: HELD_IN:Event:District
LOAD FROM $rows
MATCH (a:Event {id: src})
MATCH (b:District {id: dst})
CREATE (a)-[:HELD_IN {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: ESTABLISHES:Event:Organization
LOAD FROM $rows
MATCH (a:Event {id: src})
MATCH (b:Organization {id: dst})
CREATE (a)-[:ESTABLISHES {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: ESTABLISHES:Event:District
LOAD FROM $rows
MATCH (a:Event {id: src})
MATCH (b:District {id: dst})
CREATE (a)-[:ESTABLISHES {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: FOUNDED_BY:Organization:Organization
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:Organization {id: dst})
CREATE (a)-[:FOUNDED_BY {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: FOUNDED_BY:Organization:District
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:District {id: dst})
CREATE (a)-[:FOUNDED_BY {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: BRANCH_OF:Organization:Organization
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:Organization {id: dst})
CREATE (a)-[:BRANCH_OF {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: OPERATED_BY:Organization:Organization
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:Organization {id: dst})
CREATE (a)-[:OPERATED_BY {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: COLLABORATES_WITH:Organization:Organization
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:Organization {id: dst})
CREATE (a)-[:COLLABORATES_WITH {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: COLLABORATES_WITH:Organization:District
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:District {id: dst})
CREATE (a)-[:COLLABORATES_WITH {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: COLLABORATES_WITH:District:Organization
LOAD FROM $rows
MATCH (a:District {id: src})
MATCH (b:Organization {id: dst})
CREATE (a)-[:COLLABORATES_WITH {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: MENTIONED_IN:Organization:Document
LOAD FROM $rows
MATCH (a:Organization {id: src})
MATCH (b:Document {id: dst})
CREATE (a)-[:MENTIONED_IN {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: MENTIONED_IN:District:Document
LOAD FROM $rows
MATCH (a:District {id: src})
MATCH (b:Document {id: dst})
CREATE (a)-[:MENTIONED_IN {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);

// name: MENTIONED_IN:Event:Document
LOAD FROM $rows
MATCH (a:Event {id: src})
MATCH (b:Document {id: dst})
CREATE (a)-[:MENTIONED_IN {doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via, aliases: aliases}]->(b);
