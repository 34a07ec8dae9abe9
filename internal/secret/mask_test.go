package secret_test

import (
	"testing"

	"gongkai/internal/secret"
)

func TestMasks(t *testing.T) {
	cases := map[string]string{
		secret.MaskID("310101199001011234"):   "3101**********1234",
		secret.MaskPhone("13812345678"):       "138****5678",
		secret.MaskName("张三"):                 "张*",
		secret.MaskName("欧阳娜娜"):               "欧***",
		secret.MaskEmail("zhangsan@163.com"):  "z*******@163.com",
		secret.MaskAddress("上海市嘉定区平城路811号3楼"): "上海市嘉定区*********",
		secret.MaskID(""):                     "",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("mask: %q, want %q", got, want)
		}
	}
}
