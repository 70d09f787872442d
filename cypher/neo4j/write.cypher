// Writes of the Neo4j store, one document per write transaction (see Neo4jStore.write).
// Relationship types and labels cannot be parameters: each type has its own section, and an
// organisation's kind label is set with the FOREACH idiom, which runs on every Neo4j 5.

// name: touched_by_document
MATCH (n)-[:MENTIONED_IN]->(d:Document {id: $doc})
RETURN n.id AS id;

// name: delete_document_relationships
// One typed match per type, so each type's rel_doc_* index finds the document's facts (an
// untyped ()-[r]->() scans every relationship in the store).
CALL () {
  MATCH ()-[r:LOCATED_IN]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:PART_OF]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:PARTY_TO]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:HELD_IN]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:ESTABLISHES]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:FOUNDED_BY]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:BRANCH_OF]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:OPERATED_BY]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:COLLABORATES_WITH]->() WHERE r.doc = $doc RETURN r
  UNION ALL
  MATCH ()-[r:MENTIONED_IN]->() WHERE r.doc = $doc RETURN r
}
DELETE r;

// name: mark_document_incomplete
MERGE (d:Document {id: $id})
SET d.path = $path, d.title = $title, d.date = $date, d.chars = $chars, d.format = $format, d.complete = false;

// name: mark_document_complete
MATCH (d:Document {id: $id})
SET d.sha256 = $sha256, d.fingerprint = $fingerprint, d.complete = true;

// name: delete_document_node
MATCH (d:Document {id: $id}) DETACH DELETE d;

// name: merge_organizations
UNWIND $rows AS r
MERGE (n:Organization {id: r.id})
SET n += r.props
FOREACH (_ IN CASE WHEN r.kind = 'University' THEN [1] ELSE [] END | SET n:University)
FOREACH (_ IN CASE WHEN r.kind = 'ResearchInstitute' THEN [1] ELSE [] END | SET n:ResearchInstitute)
FOREACH (_ IN CASE WHEN r.kind = 'Enterprise' THEN [1] ELSE [] END | SET n:Enterprise)
FOREACH (_ IN CASE WHEN r.kind = 'Incubator' THEN [1] ELSE [] END | SET n:Incubator)
FOREACH (_ IN CASE WHEN r.kind = 'Government' THEN [1] ELSE [] END | SET n:Government)
FOREACH (_ IN CASE WHEN r.kind = 'Association' THEN [1] ELSE [] END | SET n:Association);

// name: merge_districts
UNWIND $rows AS r
MERGE (n:District {id: r.id})
SET n += r.props;

// name: merge_events
UNWIND $rows AS r
MERGE (n:Event {id: r.id})
SET n += r.props
FOREACH (_ IN CASE WHEN r.kind = 'signing' THEN [1] ELSE [] END | SET n:SigningEvent);

// name: refresh_aliases
// A node's aliases are the union of the forms its remaining mentions used.
// One index seek per label and id (an unlabelled {id: nid} would scan every node).
UNWIND $ids AS nid
CALL (nid) {
  MATCH (n:Organization {id: nid}) RETURN n
  UNION MATCH (n:District {id: nid}) RETURN n
}
OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(:Document)
WITH n, collect(m.aliases) AS lists
WITH n, reduce(acc = [], l IN lists | acc + [a IN l WHERE NOT a IN acc AND a <> n.name]) AS forms
SET n.aliases = forms, n.aliasText = reduce(s = '', a IN forms | s + ' ' + a);

// name: delete_orphans
// Only the nodes the document touched can have lost their last mention.
UNWIND $ids AS nid
CALL (nid) {
  MATCH (n:Organization {id: nid}) RETURN n
  UNION MATCH (n:District {id: nid}) RETURN n
  UNION MATCH (n:Event {id: nid}) RETURN n
}
WITH n WHERE NOT EXISTS { (n)-[:MENTIONED_IN]->(:Document) }
DETACH DELETE n;

// name: document_exists
MATCH (d:Document {id: $id}) RETURN d.id AS id;

// name: bump_version
MERGE (m:Meta {key: 'graph'})
SET m.version = coalesce(m.version, 0) + 1;

// Relationships: one section per type and pair of labels, so both ends are found by index.

// name: LOCATED_IN:Organization:District
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:District {id: r.dst})
CREATE (a)-[x:LOCATED_IN]->(b)
SET x = r.props;

// name: PART_OF:District:District
UNWIND $rows AS r
MATCH (a:District {id: r.src}), (b:District {id: r.dst})
CREATE (a)-[x:PART_OF]->(b)
SET x = r.props;

// name: PARTY_TO:Organization:Event
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:Event {id: r.dst})
CREATE (a)-[x:PARTY_TO]->(b)
SET x = r.props;

// name: PARTY_TO:District:Event
UNWIND $rows AS r
MATCH (a:District {id: r.src}), (b:Event {id: r.dst})
CREATE (a)-[x:PARTY_TO]->(b)
SET x = r.props;

// name: HELD_IN:Event:District
UNWIND $rows AS r
MATCH (a:Event {id: r.src}), (b:District {id: r.dst})
CREATE (a)-[x:HELD_IN]->(b)
SET x = r.props;

// name: ESTABLISHES:Event:Organization
UNWIND $rows AS r
MATCH (a:Event {id: r.src}), (b:Organization {id: r.dst})
CREATE (a)-[x:ESTABLISHES]->(b)
SET x = r.props;

// name: ESTABLISHES:Event:District
UNWIND $rows AS r
MATCH (a:Event {id: r.src}), (b:District {id: r.dst})
CREATE (a)-[x:ESTABLISHES]->(b)
SET x = r.props;

// name: FOUNDED_BY:Organization:Organization
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:Organization {id: r.dst})
CREATE (a)-[x:FOUNDED_BY]->(b)
SET x = r.props;

// name: FOUNDED_BY:Organization:District
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:District {id: r.dst})
CREATE (a)-[x:FOUNDED_BY]->(b)
SET x = r.props;

// name: BRANCH_OF:Organization:Organization
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:Organization {id: r.dst})
CREATE (a)-[x:BRANCH_OF]->(b)
SET x = r.props;

// name: OPERATED_BY:Organization:Organization
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:Organization {id: r.dst})
CREATE (a)-[x:OPERATED_BY]->(b)
SET x = r.props;

// name: COLLABORATES_WITH:Organization:Organization
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:Organization {id: r.dst})
CREATE (a)-[x:COLLABORATES_WITH]->(b)
SET x = r.props;

// name: COLLABORATES_WITH:Organization:District
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:District {id: r.dst})
CREATE (a)-[x:COLLABORATES_WITH]->(b)
SET x = r.props;

// name: COLLABORATES_WITH:District:Organization
UNWIND $rows AS r
MATCH (a:District {id: r.src}), (b:Organization {id: r.dst})
CREATE (a)-[x:COLLABORATES_WITH]->(b)
SET x = r.props;

// name: MENTIONED_IN:Organization:Document
UNWIND $rows AS r
MATCH (a:Organization {id: r.src}), (b:Document {id: r.dst})
CREATE (a)-[x:MENTIONED_IN]->(b)
SET x = r.props;

// name: MENTIONED_IN:District:Document
UNWIND $rows AS r
MATCH (a:District {id: r.src}), (b:Document {id: r.dst})
CREATE (a)-[x:MENTIONED_IN]->(b)
SET x = r.props;

// name: MENTIONED_IN:Event:Document
UNWIND $rows AS r
MATCH (a:Event {id: r.src}), (b:Document {id: r.dst})
CREATE (a)-[x:MENTIONED_IN]->(b)
SET x = r.props;
