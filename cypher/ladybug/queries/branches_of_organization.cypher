// 问题: 某机构有哪些分支、校区或子机构？
// Question: Which branches, campuses or subsidiaries does an organisation have?
// @param name string 机构名称或别名 / organisation name or alias
// Ladybug twin of cypher/neo4j/queries/branches_of_organization.cypher (one table per label: kinds are o.kind).
MATCH (o:Organization) WHERE o.name = $name OR $name IN o.aliases
MATCH (b:Organization)-[r:BRANCH_OF]->(o)
OPTIONAL MATCH (b)-[:LOCATED_IN]->(place:District)
RETURN b.name AS branch, collect(DISTINCT place.name) AS places, collect(DISTINCT r.evidence)[1] AS evidence
ORDER BY branch
