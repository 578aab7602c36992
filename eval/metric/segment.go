package metric

import (
	"sync"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome-dict/uni"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// Lazily built kagome tokenizers: the dictionaries are large (IPA about
// 12 MB compressed, UniDic about 45 MB) and are loaded on first use only.
// The shrunk dictionaries (no feature columns) suffice: only surfaces are
// used.
var (
	ipaOnce, uniOnce sync.Once
	ipaTok, uniTok   *tokenizer.Tokenizer
	ipaErr, uniErr   error
)

func ipaTokenizer() (*tokenizer.Tokenizer, error) {
	ipaOnce.Do(func() {
		ipaTok, ipaErr = tokenizer.New(ipa.DictShrink(), tokenizer.OmitBosEos())
	})
	return ipaTok, ipaErr
}

func uniTokenizer() (*tokenizer.Tokenizer, error) {
	uniOnce.Do(func() {
		uniTok, uniErr = tokenizer.New(uni.DictShrink(), tokenizer.OmitBosEos())
	})
	return uniTok, uniErr
}

// wakati returns the surfaces of t's best path over s, without the
// whitespace tokens that MeCab never outputs (MeCab skips spaces between
// words; kagome keeps them as tokens of their own).
func wakati(t *tokenizer.Tokenizer, s string) []string {
	ws := t.Wakati(s)
	out := ws[:0]
	for _, w := range ws {
		if pyStrip(w) != "" {
			out = append(out, w)
		}
	}
	return out
}

// WordsIPA segments Japanese text into words with kagome and the IPA
// dictionary (the MeCab-IPADIC segmentation); whitespace is not a word.
func WordsIPA(s string) ([]string, error) {
	t, err := ipaTokenizer()
	if err != nil {
		return nil, err
	}
	return wakati(t, s), nil
}

// WordsUniDic segments Japanese text into words with kagome and UniDic, in
// place of fugashi's Tagger("-Owakati") with unidic-lite; whitespace is not
// a word.
func WordsUniDic(s string) ([]string, error) {
	t, err := uniTokenizer()
	if err != nil {
		return nil, err
	}
	return wakati(t, s), nil
}
