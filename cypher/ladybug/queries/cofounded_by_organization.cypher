// 问题: 某机构（或地区）参与共建了哪些机构？共建伙伴是谁？
// Question: What did an organisation (or place) co-found, and with whom?
// @param name string 机构或地区名称或别名 / organisation or place name or alias
// Ladybug twin of cypher/neo4j/queries/cofounded_by_organization.cypher (one table per label: kinds are o.kind).
MATCH (o) WHERE (label(o) = 'Organization' OR label(o) = 'District') AND (o.name = $name OR $name IN o.aliases)
MATCH (i:Organization)-[r:FOUNDED_BY]->(o)
OPTIONAL MATCH (i)-[:FOUNDED_BY]->(partner) WHERE partner <> o
RETURN i.name AS founded, collect(DISTINCT partner.name) AS with_partners, r.evidence AS evidence
ORDER BY founded
