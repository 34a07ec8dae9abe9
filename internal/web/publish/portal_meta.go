package publish

import (
	"strings"

	"gongkai/internal/publish"
	"gongkai/internal/web/kit"
)

// docMeta is a document page's 政府网站 meta tags: its column (the first
// it is filed under; 政策文件库 when none), title, publication date and
// publishing organs. The store keeps the publication day, not the minute,
// so PubDate is YYYY-MM-DD.
func docMeta(p *publish.PublicDoc, column *publish.Column) kit.PageMeta {
	m := kit.PageMeta{ColumnName: "政策文件库", ArticleTitle: p.Rev.Content.Title,
		ContentSource: strings.Join(p.Organs, "、")}
	if column != nil {
		m.ColumnName = column.Name
	}
	if !p.Rev.PublishedOn.IsZero() {
		m.PubDate = p.Rev.PublishedOn.String()
	}
	return m
}
