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
UNWIND $rows AS r
CREATE (n:Organization {id: r.id, name: r.name, kind: r.kind, labels: r.labels, extra: r.extra});

// name: update_organizations
UNWIND $rows AS r
MATCH (n:Organization {id: r.id})
SET n.name = r.name, n.kind = r.kind, n.labels = r.labels, n.extra = r.extra;

// name: create_districts
UNWIND $rows AS r
CREATE (n:District {id: r.id, name: r.name, level: r.level, labels: r.labels, extra: r.extra});

// name: update_districts
UNWIND $rows AS r
MATCH (n:District {id: r.id})
SET n.name = r.name, n.level = coalesce(r.level, n.level), n.labels = r.labels, n.extra = r.extra;

// name: create_events
UNWIND $rows AS r
CREATE (n:Event {id: r.id, name: r.name, kind: r.kind, date: r.date, title: r.title, labels: r.labels, extra: r.extra});

// name: update_events
UNWIND $rows AS r
MATCH (n:Event {id: r.id})
SET n.name = r.name, n.kind = r.kind, n.date = r.date, n.title = r.title, n.labels = r.labels, n.extra = r.extra;

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
// Rows stay a list of maps: ids taken from parallel lists ($src[i]) lose the key lookups.

// name: LOCATED_IN:Organization:District
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:District {id: r.dst})
CREATE (a)-[:LOCATED_IN {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: PART_OF:District:District
UNWIND $rows AS r
MATCH (a:District {id: r.src})
MATCH (b:District {id: r.dst})
CREATE (a)-[:PART_OF {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: PARTY_TO:Organization:Event
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:Event {id: r.dst})
CREATE (a)-[:PARTY_TO {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: PARTY_TO:District:Event
UNWIND $rows AS r
MATCH (a:District {id: r.src})
MATCH (b:Event {id: r.dst})
CREATE (a)-[:PARTY_TO {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: HELD_IN:Event:District
UNWIND $rows AS r
MATCH (a:Event {id: r.src})
MATCH (b:District {id: r.dst})
CREATE (a)-[:HELD_IN {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: ESTABLISHES:Event:Organization
UNWIND $rows AS r
MATCH (a:Event {id: r.src})
MATCH (b:Organization {id: r.dst})
CREATE (a)-[:ESTABLISHES {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: ESTABLISHES:Event:District
UNWIND $rows AS r
MATCH (a:Event {id: r.src})
MATCH (b:District {id: r.dst})
CREATE (a)-[:ESTABLISHES {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: FOUNDED_BY:Organization:Organization
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:Organization {id: r.dst})
CREATE (a)-[:FOUNDED_BY {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: FOUNDED_BY:Organization:District
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:District {id: r.dst})
CREATE (a)-[:FOUNDED_BY {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: BRANCH_OF:Organization:Organization
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:Organization {id: r.dst})
CREATE (a)-[:BRANCH_OF {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: OPERATED_BY:Organization:Organization
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:Organization {id: r.dst})
CREATE (a)-[:OPERATED_BY {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: COLLABORATES_WITH:Organization:Organization
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:Organization {id: r.dst})
CREATE (a)-[:COLLABORATES_WITH {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: COLLABORATES_WITH:Organization:District
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:District {id: r.dst})
CREATE (a)-[:COLLABORATES_WITH {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: COLLABORATES_WITH:District:Organization
UNWIND $rows AS r
MATCH (a:District {id: r.src})
MATCH (b:Organization {id: r.dst})
CREATE (a)-[:COLLABORATES_WITH {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: MENTIONED_IN:Organization:Document
UNWIND $rows AS r
MATCH (a:Organization {id: r.src})
MATCH (b:Document {id: r.dst})
CREATE (a)-[:MENTIONED_IN {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: MENTIONED_IN:District:Document
UNWIND $rows AS r
MATCH (a:District {id: r.src})
MATCH (b:Document {id: r.dst})
CREATE (a)-[:MENTIONED_IN {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);

// name: MENTIONED_IN:Event:Document
UNWIND $rows AS r
MATCH (a:Event {id: r.src})
MATCH (b:Document {id: r.dst})
CREATE (a)-[:MENTIONED_IN {doc: r.doc, evidence: r.evidence, extractor: r.extractor, confidence: r.confidence, role: r.role, via: r.via, aliases: r.aliases}]->(b);
