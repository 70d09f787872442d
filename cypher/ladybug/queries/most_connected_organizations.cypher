// 问题: 关系最多的机构（不计文档出处）
// Question: The most connected organisations (provenance links not counted)
// @param limit int=20 最多返回条数 / maximum rows
// Ladybug twin of cypher/neo4j/queries/most_connected_organizations.cypher (one table per label: kinds are o.kind).
MATCH (o:Organization)-[r]-()
WHERE label(r) <> 'MENTIONED_IN'
RETURN o.name AS organisation, o.kind AS kind, count(r) AS degree
ORDER BY degree DESC, organisation
LIMIT $limit
