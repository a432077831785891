"""The 8-channel enzyme-inhibition (酶抑制) pesticide reader and its vendor protocol."""
