// Reads of the Neo4j store used by Neo4jStore (read transactions).

// name: documents
MATCH (d:Document) WHERE d.complete = true
RETURN d.id AS id, d.path AS path, d.title AS title, d.date AS date, d.sha256 AS sha256,
       d.chars AS chars, d.format AS format, d.fingerprint AS fingerprint
ORDER BY id;

// name: document_exists
MATCH (d:Document {id: $id}) RETURN d.id AS id;

// name: document_fingerprint
MATCH (d:Document {id: $id}) WHERE d.complete = true RETURN d.fingerprint AS fingerprint;

// name: search
// The specification of entity search: Store.search answers from an in-memory name index
// (graph/search_index.py), which tests/test_search_index.py checks against this query.
MATCH (n) WHERE (n:Organization OR n:District)
  AND (n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q))
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY CASE WHEN n.name = $q THEN 0 WHEN $q IN coalesce(n.aliases, []) THEN 1 ELSE 2 END, size(n.name), n.name
LIMIT $limit;

// name: named_entities
// What entity search looks through (the store keeps a name index of them per graph version).
MATCH (n) WHERE n:Organization OR n:District
RETURN n.id AS id, n.name AS name, n.aliases AS aliases, labels(n) AS labels;

// name: nodes
// Search results and an entity's neighbours: the nodes of a list of ids, an index seek per id and label.
UNWIND $ids AS i
CALL (i) {
  MATCH (n:Organization {id: i}) RETURN n
  UNION MATCH (n:District {id: i}) RETURN n
  UNION MATCH (n:Event {id: i}) RETURN n
}
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props;

// name: node
// One index seek per label (an unlabelled {id: $id} would scan every node).
CALL () {
  MATCH (n:Organization {id: $id}) RETURN n
  UNION MATCH (n:District {id: $id}) RETURN n
  UNION MATCH (n:Event {id: $id}) RETURN n
  UNION MATCH (n:Document {id: $id}) RETURN n
}
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
LIMIT 1;

// name: relationships_of
CALL () {
  MATCH (a:Organization {id: $id}) RETURN a
  UNION MATCH (a:District {id: $id}) RETURN a
  UNION MATCH (a:Event {id: $id}) RETURN a
}
MATCH (a)-[r]-(b)
RETURN startNode(r).id AS src, type(r) AS type, endNode(r).id AS dst, properties(r) AS props;

// name: entity_nodes
MATCH (n) WHERE n:Organization OR n:District OR n:Event
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props;

// name: entity_relationships
MATCH (a)-[r]->(b) WHERE NOT r:MENTIONED_IN
RETURN a.id AS src, type(r) AS type, b.id AS dst, properties(r) AS props;

// name: mentions
MATCH (a)-[r:MENTIONED_IN]->(d:Document)
RETURN a.id AS src, type(r) AS type, d.id AS dst, properties(r) AS props;

// name: node_counts
MATCH (n) WHERE NOT n:Meta AND (NOT n:Document OR n.complete = true)
UNWIND labels(n) AS label
RETURN label, count(*) AS n;

// name: relationship_counts
MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n;

// name: version
MATCH (m:Meta {key: 'graph'}) RETURN m.version AS version;
