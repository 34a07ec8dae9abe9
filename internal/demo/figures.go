package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"sort"
)

// The demo's 图解 images are drawn here rather than shipped as files: small
// PNGs of simple shapes (the words are in each image's alt text and in the
// body beside it). documents.json names them in a document's "figures";
// the body shows them by file name.
var figures = map[string]func() image.Image{
	"chargepile-subsidy.png": subsidyChart,
	"chargepile-steps.png":   stepsChart,
}

// figureNames lists the figures that can be named, for messages.
func figureNames() []string {
	var out []string
	for n := range figures {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// figurePNG encodes the named figure.
func figurePNG(name string) ([]byte, bool) {
	f, ok := figures[name]
	if !ok {
		return nil, false
	}
	var b bytes.Buffer
	if err := png.Encode(&b, f()); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	return b.Bytes(), true
}

var (
	figPaper = color.RGBA{0xfb, 0xf8, 0xf1, 0xff}
	figInk   = color.RGBA{0x33, 0x33, 0x33, 0xff}
	figRed   = color.RGBA{0xb0, 0x1c, 0x1c, 0xff}
	figBlue  = color.RGBA{0x1f, 0x4e, 0x8c, 0xff}
	figGold  = color.RGBA{0xd9, 0x9a, 0x1e, 0xff}
)

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, &image.Uniform{c}, image.Point{}, draw.Src)
}

// subsidyChart is the bar chart of 第三部分: 300 元 per new port, 150 元 per
// renovated port, against a scale of 50 元 steps.
func subsidyChart() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 640, 360))
	fill(img, img.Bounds(), figPaper)
	base, top := 320, 40
	for y := base; y >= top; y -= 40 { // scale lines, 50 元 each
		fill(img, image.Rect(60, y, 600, y+1), color.RGBA{0xcc, 0xc6, 0xb8, 0xff})
	}
	fill(img, image.Rect(60, top, 62, base), figInk)        // axis
	fill(img, image.Rect(60, base, 600, base+2), figInk)    // axis
	fill(img, image.Rect(140, base-240, 260, base), figRed) // 300 元: 6 steps
	fill(img, image.Rect(380, base-120, 500, base), figBlue)
	return img
}

// stepsChart is the flow of 第四部分: four boxes joined by arrows (建成,
// 消防安全检查, 提交申请, 公示7日后拨付).
func stepsChart() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 640, 200))
	fill(img, img.Bounds(), figPaper)
	for i := range 4 {
		x := 20 + i*160
		fill(img, image.Rect(x, 60, x+110, 140), figBlue)
		fill(img, image.Rect(x+8, 68, x+102, 132), figPaper)
		fill(img, image.Rect(x+30, 90, x+80, 110), figGold) // the step's mark
		if i < 3 {
			fill(img, image.Rect(x+112, 98, x+150, 102), figInk)
			for d := range 8 { // arrow head
				fill(img, image.Rect(x+150-8+d, 92+d, x+151-8+d, 108-d), figInk)
			}
		}
	}
	return img
}
