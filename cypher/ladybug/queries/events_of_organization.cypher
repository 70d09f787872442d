// 问题: 某机构参与过哪些事件？（时间、类型、角色、其他参与方）
// Question: Which events did an organisation take part in (date, kind, role, other parties)?
// @param name string 机构或地区名称或别名 / organisation or place name or alias
// Ladybug twin of cypher/neo4j/queries/events_of_organization.cypher (one table per label: kinds are o.kind).
MATCH (o) WHERE (label(o) = 'Organization' OR label(o) = 'District') AND (o.name = $name OR $name IN o.aliases)
MATCH (o)-[r:PARTY_TO]->(e:Event)
OPTIONAL MATCH (e)<-[:PARTY_TO]-(other) WHERE other <> o
RETURN e.date AS date, e.kind AS kind, e.title AS title, r.role AS role, collect(DISTINCT other.name) AS others
ORDER BY date DESC
