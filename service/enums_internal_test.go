package service

import (
	"testing"

	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

func TestPurposeKindRoundTripsByWord(t *testing.T) {
	enumtest.RoundTrip(t, purposeEnum.Values(), ParsePurposeKind)
}
