// Reads of the embedded store used by LadybugStore. Ladybug notes: a parameter inside
// any(... WHERE ...) must come in through WITH; label(n) is the node's table.

// name: documents
MATCH (d:Document) WHERE d.complete = true
RETURN d.id AS id, d.path AS path, d.title AS title, d.date AS date, d.sha256 AS sha256,
       d.chars AS chars, d.format AS format, d.fingerprint AS fingerprint
ORDER BY id;

// name: document_fingerprint
MATCH (d:Document {id: $id}) WHERE d.complete = true RETURN d.fingerprint AS fingerprint;

// name: search
WITH $q AS q
MATCH (n)
WHERE (label(n) = 'Organization' OR label(n) = 'District')
  AND (n.name CONTAINS q OR any(a IN n.aliases WHERE a CONTAINS q))
RETURN n
ORDER BY (CASE WHEN n.name = q THEN 0 WHEN any(a IN n.aliases WHERE a = q) THEN 1 ELSE 2 END), size(n.name), n.name
LIMIT $limit;

// name: node
MATCH (n {id: $id}) WHERE label(n) <> 'Meta' RETURN n;

// name: relationships_of
MATCH (a {id: $id})-[r]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r AS rel
UNION ALL
MATCH (b)-[r]->(a {id: $id})
RETURN b.id AS src, label(r) AS type, a.id AS dst, r AS rel;

// Lookups in the table an id's prefix names (LadybugStore.node / relationships_of try these first).
// name: node_in:Organization
MATCH (n:Organization {id: $id}) RETURN n;

// name: nodes_in:Organization
// Many at once (search results): one query, a key lookup per id.
UNWIND $ids AS i
MATCH (n:Organization {id: i}) RETURN n;

// name: relationships_of:Organization
MATCH (a:Organization {id: $id})-[r]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r AS rel
UNION ALL
MATCH (b)-[r]->(a:Organization {id: $id})
RETURN b.id AS src, label(r) AS type, a.id AS dst, r AS rel;

// name: node_in:District
MATCH (n:District {id: $id}) RETURN n;

// name: nodes_in:District
UNWIND $ids AS i
MATCH (n:District {id: i}) RETURN n;

// name: relationships_of:District
MATCH (a:District {id: $id})-[r]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r AS rel
UNION ALL
MATCH (b)-[r]->(a:District {id: $id})
RETURN b.id AS src, label(r) AS type, a.id AS dst, r AS rel;

// name: node_in:Event
MATCH (n:Event {id: $id}) RETURN n;

// name: nodes_in:Event
UNWIND $ids AS i
MATCH (n:Event {id: i}) RETURN n;

// name: relationships_of:Event
MATCH (a:Event {id: $id})-[r]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r AS rel
UNION ALL
MATCH (b)-[r]->(a:Event {id: $id})
RETURN b.id AS src, label(r) AS type, a.id AS dst, r AS rel;

// name: node_in:Document
MATCH (n:Document {id: $id}) RETURN n;

// name: nodes_in:Document
UNWIND $ids AS i
MATCH (n:Document {id: i}) RETURN n;

// name: relationships_of:Document
MATCH (a:Document {id: $id})-[r]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r AS rel
UNION ALL
MATCH (b)-[r]->(a:Document {id: $id})
RETURN b.id AS src, label(r) AS type, a.id AS dst, r AS rel;

// name: entity_nodes
MATCH (n) WHERE label(n) = 'Organization' OR label(n) = 'District' OR label(n) = 'Event'
RETURN n;

// name: entity_relationships
MATCH (a)-[r]->(b) WHERE label(r) <> 'MENTIONED_IN'
RETURN a.id AS src, label(r) AS type, b.id AS dst, r AS rel;

// Each relationship table as scalar columns, one table at a time, for the snapshot: smaller
// results and faster to fetch than relationship structs (a table name cannot be a parameter).
// name: relationship_columns:LOCATED_IN
MATCH (a)-[r:LOCATED_IN]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: relationship_columns:PART_OF
MATCH (a)-[r:PART_OF]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: relationship_columns:PARTY_TO
MATCH (a)-[r:PARTY_TO]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: relationship_columns:HELD_IN
MATCH (a)-[r:HELD_IN]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: relationship_columns:ESTABLISHES
MATCH (a)-[r:ESTABLISHES]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: relationship_columns:FOUNDED_BY
MATCH (a)-[r:FOUNDED_BY]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: relationship_columns:BRANCH_OF
MATCH (a)-[r:BRANCH_OF]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: relationship_columns:OPERATED_BY
MATCH (a)-[r:OPERATED_BY]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: relationship_columns:COLLABORATES_WITH
MATCH (a)-[r:COLLABORATES_WITH]->(b)
RETURN a.id AS src, label(r) AS type, b.id AS dst, r.doc AS doc, r.evidence AS evidence, r.extractor AS extractor,
       r.confidence AS confidence, r.role AS role, r.via AS via;

// name: named_entities
// What entity search looks through (LadybugStore keeps a name index of them per graph version).
MATCH (n) WHERE label(n) = 'Organization' OR label(n) = 'District'
RETURN n.id AS id, label(n) AS tbl, n.name AS name, n.aliases AS aliases, n.labels AS labels, n.kind AS kind;

// name: mentions
MATCH (a)-[r:MENTIONED_IN]->(d:Document)
RETURN a.id AS src, 'MENTIONED_IN' AS type, d.id AS dst, r AS rel;

// name: node_counts
MATCH (n) WHERE label(n) <> 'Meta' AND (label(n) <> 'Document' OR n.complete = true)
RETURN label(n) AS tbl, n.kind AS kind, count(*) AS n;

// name: relationship_counts
MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS n;

// name: version
MATCH (m:Meta {key: 'graph'}) RETURN m.version AS version;
