// 问题: 关系最多的机构（不计文档出处）
// Question: The most connected organisations (provenance links not counted)
// @param limit int=20 最多返回条数 / maximum rows
MATCH (o:Organization)-[r]-()
WHERE NOT r:MENTIONED_IN
RETURN o.name AS organisation, [l IN labels(o) WHERE l <> 'Organization'][0] AS kind, count(r) AS degree
ORDER BY degree DESC, organisation
LIMIT $limit
