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

// name: entity_nodes
MATCH (n) WHERE label(n) = 'Organization' OR label(n) = 'District' OR label(n) = 'Event'
RETURN n;

// name: entity_relationships
MATCH (a)-[r]->(b) WHERE label(r) <> 'MENTIONED_IN'
RETURN a.id AS src, label(r) AS type, b.id AS dst, r AS rel;

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
