// 问题: 关于某机构或地区的全部事实及其证据句和来源文档
// Question: Every fact about an organisation or place, with its evidence sentence and source document
// @param name string 机构或地区名称或别名 / organisation or place name or alias
MATCH (o) WHERE (o:Organization OR o:District) AND (o.name = $name OR $name IN o.aliases)
MATCH (o)-[r]-(x)
WHERE NOT r:MENTIONED_IN
RETURN type(r) AS relationship, coalesce(x.name, x.title) AS other, r.evidence AS evidence, r.doc AS document
ORDER BY relationship, other
